/**
 * Hands bytes to the browser as a downloaded file. An `<a download>` on a blob URL works on every
 * extension page in Chrome, Edge and Firefox without the `downloads` permission.
 */
export function saveFile(bytes: Uint8Array, filename: string, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has the file once the click is handled; the URL is kept a little longer for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
