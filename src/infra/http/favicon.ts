/** Where browsers look for a site's icon unasked. */
export const FAVICON_PATH = '/favicon.ico';

const SIZE = 16;
// CloudStack-like blue tile with a white "G" for gateway, as 16 rows of 16 pixels ('#' white, '.' blue, ' ' clear).
const GLYPH = [
  '  ............  ',
  ' .............. ',
  '................',
  '.....######.....',
  '....##....##....',
  '...##...........',
  '...##...........',
  '...##...#####...',
  '...##......##...',
  '...##......##...',
  '....##....##....',
  '.....######.....',
  '................',
  '................',
  ' .............. ',
  '  ............  ',
];
const COLORS: Record<string, [number, number, number, number]> = {
  '#': [255, 255, 255, 255],
  '.': [0x1f, 0x6f, 0xb5, 255],
  ' ': [0, 0, 0, 0],
};

/**
 * The gateway's icon as a Windows ICO with one 16x16 32-bit image, drawn in code so the gateway
 * ships no binary asset: ICONDIR, one ICONDIRENTRY, then a BITMAPINFOHEADER, bottom-up BGRA
 * pixels and the (all-zero) AND mask the format requires.
 */
export function faviconIco(): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  GLYPH.forEach((row, y) => {
    [...row].forEach((cell, x) => {
      const [r, g, b, a] = COLORS[cell];
      pixels.set([b, g, r, a], ((SIZE - 1 - y) * SIZE + x) * 4);
    });
  });
  // One bit per pixel, each row padded to 32 bits.
  const mask = Buffer.alloc(Math.ceil(SIZE / 32) * 4 * SIZE);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(SIZE, 4);
  // The height covers the pixels and the mask.
  header.writeInt32LE(SIZE * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([header, pixels, mask]);
  const directory = Buffer.alloc(6 + 16);
  directory.writeUInt16LE(1, 2);
  directory.writeUInt16LE(1, 4);
  directory.writeUInt8(SIZE, 6);
  directory.writeUInt8(SIZE, 7);
  directory.writeUInt16LE(1, 10);
  directory.writeUInt16LE(32, 12);
  directory.writeUInt32LE(image.length, 14);
  directory.writeUInt32LE(directory.length, 18);
  return Buffer.concat([directory, image]);
}
