/** Prints data for people, or as JSON with --json (one document on stdout). */
export function report(json: boolean, data: unknown, human: () => string): void {
  if (json) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
  else process.stdout.write(human() + '\n');
}
