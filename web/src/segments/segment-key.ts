/** A segment key from its name: "Suomalaiset kanta-asiakkaat" -> "suomalaiset-kanta-asiakkaat" (as the server's key pattern allows). */
export function keyFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+/, '')
    .replace(/-+$/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** Ids typed into a box ("12, 13 14"): the numbers, and the pieces that are not ids. */
export function parseIds(text: string): { ids: number[]; invalid: string[] } {
  const ids: number[] = [];
  const invalid: string[] = [];
  for (const piece of text.split(/[\s,;]+/)) {
    if (piece === '') continue;
    if (/^[1-9]\d{0,15}$/.test(piece)) {
      const id = Number(piece);
      if (!ids.includes(id)) ids.push(id);
    } else invalid.push(piece);
  }
  return { ids, invalid };
}
