/**
 * BPMN files arrive as bytes in whatever encoding their XML declaration names (the MIWG
 * reference models are ISO-8859-1). Decoding them as UTF-8 would garble names, so the
 * declaration decides; anything other than Latin-1 is read as UTF-8.
 */
export function decodeXml(bytes: Buffer): string {
  const head = bytes.subarray(0, 200).toString('latin1');
  const encoding = /<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase();
  return encoding === 'iso-8859-1' || encoding === 'latin1' || encoding === 'windows-1252' ? bytes.toString('latin1') : bytes.toString('utf8');
}
