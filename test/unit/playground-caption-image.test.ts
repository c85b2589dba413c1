import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { base64ToBytes, decodeImage, encodeJpeg, encodePng, noiseImage, parseDataUrl, sniffImageFormat } from '../../src/core/image/index';
import { imageDimensions, prepareCaptionImage } from '../../src/core/playground/index';
import { darkBluePng, noisyPng, orangeJpeg } from '../fixtures/images/fixtureImages';

function checkPrescaled(result: ReturnType<typeof prepareCaptionImage>, originalWidth: number, originalHeight: number): void {
  const data = parseDataUrl(result.dataUrl)!;
  assert.equal(data.mediaType, 'image/png');
  assert.equal(result.dataUrl.length - 'data:image/png;base64,'.length, result.base64Length);
  assert.ok(result.base64Length <= 180_000, `base64 ${result.base64Length}`);
  const decoded = decodeImage(data.bytes);
  assert.deepEqual([decoded.width, decoded.height], [result.width, result.height]);
  // ×0.9, then ×0.95 per extra round, each from the original, truncated like Python's int().
  const factor = result.scales.at(-1)!;
  assert.equal(result.scales[0], 0.9);
  result.scales.slice(1).forEach((s, i) => assert.ok(Math.abs(s - result.scales[i] * 0.95) < 1e-12));
  assert.deepEqual([result.width, result.height], [Math.trunc(originalWidth * factor), Math.trunc(originalHeight * factor)]);
  assert.deepEqual([result.originalWidth, result.originalHeight], [originalWidth, originalHeight]);
}

test('a large noisy PNG is pre-scaled in several rounds to ≤ 180,000 base64 characters', () => {
  const result = prepareCaptionImage(noisyPng(600, 400));
  assert.ok(result.steps >= 2, `steps ${result.steps}`);
  checkPrescaled(result, 600, 400);
});

test('odd dimensions, alpha and 16-bit input all come out as an RGB PNG of the truncated size', () => {
  const odd = prepareCaptionImage(noisyPng(333, 517));
  checkPrescaled(odd, 333, 517);

  const alpha = encodePng(noiseImage(380, 300, 3));
  assert.ok(alpha.length * 4 / 3 > 180_000);
  const withAlpha = prepareCaptionImage(alpha);
  checkPrescaled(withAlpha, 380, 300);
  assert.equal(PNG.sync.read(Buffer.from(parseDataUrl(withAlpha.dataUrl)!.bytes)).alpha, false, 'alpha dropped, as nv-ingest converts to RGB');

  const png16 = new PNG({ width: 260, height: 200 });
  const samples = new Uint16Array(260 * 200 * 4);
  let seed = 11;
  for (let i = 0; i < samples.length; i++) samples[i] = (seed = (seed * 1103515245 + 12345) >>> 0) & 0xffff;
  png16.data = samples as unknown as Buffer;
  const deep = new Uint8Array(PNG.sync.write(png16, { bitDepth: 16, colorType: 6, inputColorType: 6, inputHasAlpha: true } as never));
  const result16 = prepareCaptionImage(deep);
  checkPrescaled(result16, 260, 200);
});

test('a small PNG fits and goes unchanged; a JPEG becomes a PNG data URL (as nv-ingest sends it) unless forcePng is off', () => {
  const png = darkBluePng();
  const small = prepareCaptionImage(png);
  assert.equal(small.steps, 0);
  assert.deepEqual(parseDataUrl(small.dataUrl)!.bytes, png);

  const jpeg = prepareCaptionImage(orangeJpeg());
  assert.match(jpeg.dataUrl, /^data:image\/png;base64,/);
  assert.deepEqual([jpeg.width, jpeg.height], [32, 32]);
  const kept = prepareCaptionImage(orangeJpeg(), { forcePng: false });
  assert.match(kept.dataUrl, /^data:image\/jpeg;base64,/);

  const bigJpeg = encodeJpeg(noiseImage(700, 500, 5), 95);
  const scaled = prepareCaptionImage(bigJpeg);
  checkPrescaled(scaled, 700, 500);
  assert.equal(sniffImageFormat(base64ToBytes(scaled.dataUrl.split(',')[1])), 'png');
});

test('with pre-scale off an oversized image is sent as it is, with a warning', () => {
  const result = prepareCaptionImage(noisyPng(400, 300), { prescale: false });
  assert.equal(result.steps, 0);
  assert.ok(result.base64Length > 180_000);
  assert.match(result.warning!, /over nv-ingest's 180000/);
});

test('WebP passes through unchanged with its dimensions and a warning that pre-scale needs PNG/JPEG', () => {
  // A VP8L header for a 300×200 image (payload not needed for the header read).
  const vp8l = Buffer.alloc(30);
  vp8l.write('RIFF', 0);
  vp8l.writeUInt32LE(22, 4);
  vp8l.write('WEBPVP8L', 8);
  vp8l.writeUInt32LE(9, 16);
  vp8l[20] = 0x2f;
  vp8l.writeUInt32LE((300 - 1) | ((200 - 1) << 14), 21);
  const bytes = new Uint8Array(vp8l);
  assert.deepEqual(imageDimensions(bytes), { width: 300, height: 200 });
  const result = prepareCaptionImage(bytes);
  assert.match(result.dataUrl, /^data:image\/webp;base64,/);
  assert.match(result.warning!, /pre-scale and PNG re-encode need PNG or JPEG/);
});

test('imageDimensions reads PNG and JPEG headers', () => {
  assert.deepEqual(imageDimensions(darkBluePng()), { width: 64, height: 48 });
  assert.deepEqual(imageDimensions(orangeJpeg()), { width: 32, height: 32 });
});
