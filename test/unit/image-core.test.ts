import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  applyEdit, base64ToBytes, bytesToBase64, captionFor, decodeImage, describeImage, editRecipe, encodePng, gradientImage,
  ImageError, noiseImage, parseDataUrl, prescaleForNvIngest, resize, sniffImageFormat, solidImage,
} from '../../src/core/image/index';
import { darkBluePng, green16BitPng, noisyPng, orangeJpeg } from '../fixtures/images/fixtureImages';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/images/${name}`, import.meta.url)));

test('decodes the checked-in PNG, JPEG and 16-bit PNG samples to RGBA', () => {
  const png = decodeImage(fixture('dark-blue-64x48.png'));
  assert.deepEqual([png.width, png.height, png.data.length], [64, 48, 64 * 48 * 4]);
  assert.deepEqual(Array.from(png.data.subarray(0, 4)), [0, 0, 60, 255]);

  const jpeg = decodeImage(fixture('orange-32x32.jpg'));
  assert.deepEqual([jpeg.width, jpeg.height], [32, 32]);
  const [r, g, b, a] = jpeg.data.subarray(16 * 32 * 4, 16 * 32 * 4 + 4);
  assert.ok(r > 220 && g > 110 && g < 170 && b < 60 && a === 255, `orange-ish pixel, got ${[r, g, b, a]}`);

  const deep = decodeImage(green16BitPng());
  assert.deepEqual(Array.from(deep.data.subarray(0, 4)), [16, 239, 32, 128], '16-bit samples scaled to 8-bit, alpha kept');
});

test('the checked-in samples are exactly what the generator makes', () => {
  assert.deepEqual(fixture('dark-blue-64x48.png'), darkBluePng());
  assert.deepEqual(fixture('orange-32x32.jpg'), orangeJpeg());
});

test('decodeImage refuses non-images and truncated PNGs with ImageError', () => {
  assert.equal(sniffImageFormat(new TextEncoder().encode('hello')), undefined);
  assert.throws(() => decodeImage(new TextEncoder().encode('GIF89a....')), (e: unknown) => e instanceof ImageError && /cannot identify image file/.test(e.message));
  assert.throws(() => decodeImage(new Uint8Array(0)), /empty data/);
  const truncated = darkBluePng().subarray(0, 40);
  assert.throws(() => decodeImage(truncated), (e: unknown) => e instanceof ImageError && /cannot decode PNG/.test(e.message));
});

test('encodePng round-trips pixels and is byte-stable', () => {
  const image = gradientImage(17, 9, [255, 0, 0], [0, 0, 255], 200);
  const bytes = encodePng(image);
  assert.deepEqual(decodeImage(bytes).data, image.data);
  assert.deepEqual(encodePng(image), bytes);
  const rgb = decodeImage(encodePng(image, { rgb: true }));
  assert.equal(rgb.data[3], 255, 'rgb output has no alpha');
});

test('resize: area keeps the mean colour when shrinking, bilinear keeps solid colours when enlarging', () => {
  const checker = gradientImage(4, 2, [0, 0, 0], [0, 0, 0]);
  for (let i = 0; i < 8; i++) if (i % 2 === 0) checker.data.set([255, 255, 255, 255], i * 4);
  const shrunk = resize(checker, 2, 1, 'area');
  assert.deepEqual(Array.from(shrunk.data.subarray(0, 3)), [128, 128, 128]);
  const grown = resize(solidImage(3, 3, [10, 200, 30]), 10, 7, 'bilinear');
  assert.deepEqual([grown.width, grown.height], [10, 7]);
  assert.deepEqual(Array.from(grown.data.subarray(36, 40)), [10, 200, 30, 255]);
  assert.throws(() => resize(checker, 0, 5), ImageError);
});

test('applyEdit is deterministic in (prompt, seed, steps) and changes with the seed', () => {
  const input = gradientImage(20, 10, [30, 60, 90], [200, 180, 160]);
  const a = encodePng(applyEdit(input, { prompt: 'make it red', seed: 1, steps: 20 }));
  const again = encodePng(applyEdit(input, { prompt: 'make it red', seed: 1, steps: 20 }));
  const otherSeed = encodePng(applyEdit(input, { prompt: 'make it red', seed: 2, steps: 20 }));
  const otherPrompt = encodePng(applyEdit(input, { prompt: 'make it blue', seed: 1, steps: 20 }));
  assert.deepEqual(a, again);
  assert.notDeepEqual(a, otherSeed);
  assert.notDeepEqual(a, otherPrompt);
  assert.notDeepEqual(decodeImage(a).data, input.data, 'the edit visibly changes pixels');
  assert.ok(editRecipe({ prompt: 'x', seed: 1, steps: 50 }).strength > editRecipe({ prompt: 'x', seed: 1, steps: 4 }).strength);
});

test('describeImage and captionFor name size, dominant colour and brightness of the real pixels', () => {
  const dark = describeImage(decodeImage(darkBluePng()));
  assert.equal(dark.dominantColour, 'blue');
  assert.equal(dark.brightness, 'dark');
  assert.match(captionFor(dark), /^A 64×48 landscape image dominated by dark blue tones\./);
  const white = describeImage(solidImage(10, 30, [250, 250, 250]));
  assert.equal(white.orientation, 'portrait');
  assert.match(captionFor(white), /dominated by white tones.*nearly uniform/);
  assert.match(captionFor(describeImage(solidImage(5, 5, [200, 0, 0], 100))), /red.*transparent/s);
  assert.match(captionFor(describeImage(noiseImage(64, 64, 3))), /busy|moderate/);
});

test('base64 and data URLs: strict decoding with actionable errors', () => {
  const bytes = darkBluePng();
  const parsed = parseDataUrl(`data:image/png;base64,${bytesToBase64(bytes)}`);
  assert.equal(parsed?.mediaType, 'image/png');
  assert.deepEqual(parsed?.bytes, bytes);
  assert.equal(parseDataUrl('https://example.com/a.png'), undefined);
  assert.throws(() => base64ToBytes('abc$def'), /Invalid base64-encoded string/);
  assert.throws(() => parseDataUrl('data:image/png,rawbytes'), /must be base64-encoded/);
});

test('prescaleForNvIngest: a small image passes unchanged', () => {
  const bytes = darkBluePng();
  const result = prescaleForNvIngest(bytes);
  assert.equal(result.steps, 0);
  assert.equal(result.bytes, bytes);
  assert.deepEqual([result.width, result.height], [64, 48]);
});

test('prescaleForNvIngest: a large noisy image reaches ≤ 180,000 base64 chars by 0.9 then ×0.95 steps of the original', () => {
  const original = noisyPng(420, 300);
  assert.ok(bytesToBase64(original).length > 180_000 * 2, 'starts well over the limit');
  const result = prescaleForNvIngest(original);
  assert.ok(result.base64Length <= 180_000);
  assert.equal(bytesToBase64(result.bytes).length, result.base64Length);
  assert.ok(result.steps >= 2, `took ${result.steps} steps`);
  assert.equal(result.scales.length, result.steps);
  result.scales.forEach((scale, i) => assert.ok(Math.abs(scale - 0.9 * 0.95 ** i) < 1e-12, `step ${i} scale ${scale}`));
  const last = result.scales[result.steps - 1];
  assert.deepEqual([result.width, result.height], [Math.trunc(420 * last), Math.trunc(300 * last)]);
  const decoded = decodeImage(result.bytes);
  assert.deepEqual([decoded.width, decoded.height], [result.width, result.height]);
  // One step less would still be over the limit: the loop stops at the first size that fits.
  const previous = result.scales[result.steps - 2];
  const bigger = encodePng(resize(decodeImage(original), Math.trunc(420 * previous), Math.trunc(300 * previous), 'area'), { rgb: true });
  assert.ok(bytesToBase64(bigger).length > 180_000);
});

test('prescaleForNvIngest honours a custom limit and refuses impossible ones', () => {
  const result = prescaleForNvIngest(noisyPng(60, 60), 4000);
  assert.ok(result.base64Length <= 4000);
  assert.throws(() => prescaleForNvIngest(noisyPng(20, 20), 10), /cannot be resized/);
});
