// Draws IMLab's app icons (PNG, no dependencies: zlib for the image data) and the matching SVG.
// Run once: node scripts/make-icons.mjs  → public/icons/. The picture: a blue tile with three
// white points (inliers) in a cluster and one orange point (the outlier) away from them.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const OUT = new URL('../public/icons/', import.meta.url);
mkdirSync(OUT, { recursive: true });

const BLUE = [29, 78, 216];
const WHITE = [255, 255, 255];
const ORANGE = [253, 186, 116];

// In a 16-unit box, like the favicon: points (cx, cy, r, color).
const POINTS = [
  [4.6, 10.4, 1.5, WHITE],
  [7.6, 9.2, 1.5, WHITE],
  [5.6, 7.0, 1.5, WHITE],
  [12.0, 4.2, 1.9, ORANGE],
];

/** Coverage-weighted color of pixel (x, y) in a size×size image; `inset` shrinks the drawing (maskable). */
function shade(x, y, size, { rounded, inset }) {
  const S = 4; // 4×4 samples per pixel
  let r = 0,
    g = 0,
    b = 0,
    a = 0;
  for (let sy = 0; sy < S; sy++) {
    for (let sx = 0; sx < S; sx++) {
      const px = ((x + (sx + 0.5) / S) / size) * 16;
      const py = ((y + (sy + 0.5) / S) / size) * 16;
      // Tile: a rounded square (radius 3 units), or the full square for maskable icons.
      let inTile = true;
      if (rounded) {
        const R = 3;
        const qx = Math.max(R - px, 0, px - (16 - R));
        const qy = Math.max(R - py, 0, py - (16 - R));
        inTile = qx * qx + qy * qy <= R * R;
      }
      if (!inTile) continue;
      let c = BLUE;
      // Points are drawn in the inner (1 - 2 inset) part of the tile.
      const ux = (px - 16 * inset) / (1 - 2 * inset);
      const uy = (py - 16 * inset) / (1 - 2 * inset);
      for (const [cx, cy, rad, col] of POINTS) {
        if ((ux - cx) ** 2 + (uy - cy) ** 2 <= rad * rad) c = col;
      }
      r += c[0];
      g += c[1];
      b += c[2];
      a += 255;
    }
  }
  const n = S * S;
  const cov = a / n / 255;
  return cov === 0 ? [0, 0, 0, 0] : [Math.round(r / n / cov), Math.round(g / n / cov), Math.round(b / n / cov), Math.round(a / n)];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, opts) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = shade(x, y, size, opts);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const hex = (c) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const svg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">` +
  `<rect width="16" height="16" rx="3" fill="${hex(BLUE)}"/>` +
  POINTS.map(([cx, cy, r, c]) => `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${hex(c)}"/>`).join('') +
  `</svg>\n`;

writeFileSync(new URL('icon.svg', OUT), svg);
writeFileSync(new URL('icon-192.png', OUT), png(192, { rounded: true, inset: 0 }));
writeFileSync(new URL('icon-512.png', OUT), png(512, { rounded: true, inset: 0 }));
// Maskable: full-bleed tile, drawing inside the 80% safe zone.
writeFileSync(new URL('icon-maskable-512.png', OUT), png(512, { rounded: false, inset: 0.1 }));
writeFileSync(new URL('apple-touch-icon.png', OUT), png(180, { rounded: false, inset: 0.06 }));
console.log('icons written to public/icons/');
