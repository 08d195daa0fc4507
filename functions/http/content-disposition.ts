// The Content-Disposition of a downloaded file, shared by the API and the portal.

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export const attachmentDisposition = (fileName: string): string => {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
};
