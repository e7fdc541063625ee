#!/usr/bin/env node
// Copies the real-editor tier's screenshots that the README shows into docs/images/, cropped to
// the part each one is about (test/artifacts/e2e/ui-*.png, written by `node scripts/test.mjs e2e`).
// Cropping and encoding run in Debian's Chromium through playwright-core (no image package);
// each output must stay under 150 KB so the README and the VSIX stay small.
// Usage: node scripts/docs-images.mjs   (after an e2e run; look at every picture before committing)
import { existsSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'test/artifacts/e2e');
const to = join(root, 'docs/images');
const MAX_BYTES = 150 * 1024;

// [screenshot id, output name, crop x, y, width, height] in the screenshot's pixels (1400×900).
const IMAGES = [
  ['02-squiggles-and-problems', 'diagnostics.png', 345, 36, 1055, 630],
  ['03-ctrl-space', 'completion.png', 345, 66, 700, 330],
  ['04-hover', 'hover.png', 345, 66, 860, 490],
  ['05-simulate', 'simulate.png', 345, 36, 1055, 430],
  ['06a-run-locally-confirm', 'run-locally.png', 345, 66, 800, 580],
  ['07-jobs-view', 'explorer.png', 0, 36, 700, 340],
  ['08-open-log', 'logs.png', 0, 36, 900, 340],
];

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.KJOB_CHROMIUM ?? '/usr/bin/chromium', headless: true });
  try {
    const page = await browser.newPage();
    for (const [id, name, x, y, w, h] of IMAGES) {
      const src = join(from, `ui-${id}.png`);
      if (!existsSync(src)) throw new Error(`${src} is missing: run the e2e tier first`);
      const dataUrl = `data:image/png;base64,${readFileSync(src).toString('base64')}`;
      const out = await page.evaluate(
        async ({ dataUrl, x, y, w, h }) => {
          const img = new Image();
          img.src = dataUrl;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = w;
          c.height = h;
          c.getContext('2d').drawImage(img, x, y, w, h, 0, 0, w, h);
          return c.toDataURL('image/png');
        },
        { dataUrl, x, y, w, h },
      );
      const buf = Buffer.from(out.slice(out.indexOf(',') + 1), 'base64');
      const file = join(to, name);
      writeFileSync(file, buf);
      const size = statSync(file).size;
      console.log(`docs-images: ${name} ${w}×${h} ${(size / 1024).toFixed(0)} KB`);
      if (size > MAX_BYTES) throw new Error(`${name} is ${size} bytes (over ${MAX_BYTES}): crop it smaller`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`docs-images: ${e.message ?? e}`);
  process.exit(1);
});
