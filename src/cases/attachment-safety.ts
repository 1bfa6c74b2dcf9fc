/**
 * What Rebound refuses to keep as a case attachment, and how it hands files back.
 *
 * Refused: programs and scripts — by extension, by declared type and by their first bytes
 * (Windows PE "MZ", ELF, Mach-O, "#!" scripts), because a customer's "receipt.pdf.exe"
 * forwarded to a colleague is how a helpdesk gets compromised. Everything else is kept,
 * HTML and SVG included (people forward web pages), and made harmless on the way out:
 * always downloaded as an attachment, never sniffed, inside a CSP sandbox.
 */

const REFUSED_EXTENSIONS = new Set([
  'exe', 'dll', 'com', 'bat', 'cmd', 'msi', 'msp', 'scr', 'pif', 'cpl', 'sys', 'drv', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'mjs',
  'wsf', 'wsh', 'hta', 'jar', 'sh', 'bash', 'zsh', 'csh', 'app', 'apk', 'lnk', 'reg', 'dmg', 'iso', 'deb', 'rpm', 'elf', 'run',
]);

const REFUSED_TYPES = new Set([
  'application/x-msdownload', 'application/x-dosexec', 'application/x-msdos-program', 'application/x-executable',
  'application/vnd.microsoft.portable-executable', 'application/x-elf', 'application/x-mach-binary', 'application/x-sh',
  'application/x-shellscript', 'application/x-csh', 'application/java-archive', 'application/x-java-archive', 'application/javascript',
  'text/javascript', 'application/x-javascript', 'application/vnd.android.package-archive', 'application/x-msi', 'application/x-ms-installer',
  'application/hta', 'application/x-bat',
]);

const MAGIC: readonly { bytes: readonly number[]; what: string }[] = [
  { bytes: [0x4d, 0x5a], what: 'a Windows program' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a Linux program' },
  { bytes: [0xcf, 0xfa, 0xed, 0xfe], what: 'a macOS program' },
  { bytes: [0xce, 0xfa, 0xed, 0xfe], what: 'a macOS program' },
  { bytes: [0xfe, 0xed, 0xfa, 0xcf], what: 'a macOS program' },
  { bytes: [0x23, 0x21], what: 'a script' },
];

/** A file name safe to store and to put in a header: no path, no control characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 255);
}

/** `type/subtype`, lower-case, parameters dropped; anything else becomes application/octet-stream. */
export function cleanContentType(raw: string | undefined): string {
  const type = (raw ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(type) ? type : 'application/octet-stream';
}

/** Why a file is refused, or undefined when it may be kept. */
export function refusalReason(fileName: string, contentType: string, head: Uint8Array): string | undefined {
  const extensions = fileName.toLowerCase().split('.').slice(1);
  const refusedExtension = extensions.find((ext) => REFUSED_EXTENSIONS.has(ext));
  if (refusedExtension) return `.${refusedExtension} files can run code and are not accepted`;
  if (REFUSED_TYPES.has(contentType)) return `${contentType} can run code and is not accepted`;
  const magic = MAGIC.find(({ bytes }) => bytes.every((byte, i) => head[i] === byte));
  if (magic) return `the file is ${magic.what}, whatever its name says, and is not accepted`;
  return undefined;
}

/** Content-Disposition for a download: an ASCII fallback name and the exact UTF-8 one (RFC 6266, RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Headers that keep a downloaded file from running in Rebound's origin. */
export const DOWNLOAD_SAFETY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'private, no-store',
} as const;
