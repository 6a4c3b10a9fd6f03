/**
 * The media type of a file to upload: what the server declared, or else what the bytes say (many
 * storage buckets answer `application/octet-stream`), or else the file name's extension. X refuses
 * an upload whose declared type it does not know.
 */
const extensions: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

function sniff(bytes: Buffer): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  if (bytes.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return 'video/webm';
  if (bytes.subarray(4, 8).toString('latin1') === 'ftyp') {
    return bytes.subarray(8, 10).toString('latin1') === 'qt' ? 'video/quicktime' : 'video/mp4';
  }
  return undefined;
}

export function mediaTypeOf(bytes: Buffer, url: string, declared: string | undefined): string {
  if (declared && declared !== 'application/octet-stream' && declared !== 'binary/octet-stream')
    return declared;
  const sniffed = sniff(bytes);
  if (sniffed) return sniffed;
  const ext = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  return extensions[ext] ?? declared ?? 'application/octet-stream';
}
