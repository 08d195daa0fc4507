// The QR code as vector squares (one SVG path, dark runs merged per row): decodes from 150–200 dpi scans,
// where an embedded bitmap did not.
import QRCode from 'qrcode';

export interface QrPath {
  /** modules per side, without quiet zone */
  size: number;
  /** SVG path in module units, origin top-left */
  path: string;
}

export const qrPath = (text: string): QrPath => {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = modules;
  const parts: string[] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[row * size + col]) col++;
      parts.push(`M${start} ${row}h${col - start}v1h${start - col}z`);
    }
  }
  return { size, path: parts.join('') };
};
