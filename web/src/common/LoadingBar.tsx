/** An indeterminate progress bar for loads of unknown length, announced to screen readers. */
export function LoadingBar({ label }: { label: string }) {
  return (
    <div className="loading-bar" role="status">
      <progress aria-label={label} />
      <span className="visually-hidden">{label}</span>
    </div>
  );
}
