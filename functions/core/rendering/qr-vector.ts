// The QR code as vector rectangles (dark runs merged per row): decodes from 150–200 dpi scans, where an
// embedded bitmap did not, and costs a few bytes per run in the content stream.
import QRCode from 'qrcode';

export interface QrRuns {
  /** modules per side, without quiet zone */
  size: number;
  /** dark runs as [row, first column, length], origin top-left */
  runs: [number, number, number][];
}

export const qrRuns = (text: string): QrRuns => {
  // one byte-mode segment: the optimal mixed-mode split (a shortest-path search) costs more than a page
  const { modules } = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  const { size, data } = modules;
  const runs: [number, number, number][] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!data[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && data[row * size + col]) col++;
      runs.push([row, start, col - start]);
    }
  }
  return { size, runs };
};
