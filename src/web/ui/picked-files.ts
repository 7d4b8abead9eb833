/** The largest file an upload form takes (the server's limit for photos and attachments). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Files picked in an upload form added to those already chosen, or why they cannot be: too
 * many for one `what` ("message", "update") or one larger than 10 MB. Said before anything is
 * sent, in the words the server would use.
 */
export function addPicked(
  chosen: File[],
  picked: FileList | null,
  limit: { max: number; noun: string; what: string },
): { next: File[]; problem: string } {
  const next = [...chosen, ...(picked ?? [])];
  const tooBig = next.find((f) => f.size > MAX_FILE_BYTES);
  const problem =
    next.length > limit.max
      ? `Attach at most ${limit.max} ${limit.noun} to one ${limit.what}.`
      : tooBig
        ? `"${tooBig.name}" is larger than 10 MB.`
        : '';
  return { next, problem };
}
