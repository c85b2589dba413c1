// Picking, dropping and pasting images: the bytes go to the host as base64 for inspection (pre-scale preview).
import { send } from './vscodeApi.js';

const ACCEPTED = /^image\/(png|jpeg|webp)$/;

export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function inspect(slot: 'caption' | 'edit', files: Iterable<File>, onReject: (message: string) => void): Promise<void> {
  for (const file of files) {
    if (!ACCEPTED.test(file.type)) {
      onReject(`${file.name || 'the pasted item'} is ${file.type || 'not an image'}: use PNG, JPEG or WebP`);
      continue;
    }
    send({ type: 'inspectImage', slot, image: { name: file.name || `pasted.${file.type.split('/')[1]}`, base64: await fileToBase64(file) } });
  }
}

/** Makes `zone` accept dropped files, and the document accept pasted images while `activeSlot()` says where they go. */
export function acceptImages(zone: HTMLElement, slot: 'caption' | 'edit', onReject: (message: string) => void): void {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    void inspect(slot, Array.from(e.dataTransfer?.files ?? []), onReject);
  });
}

export function acceptPaste(activeSlot: () => 'caption' | 'edit', onReject: (message: string) => void): void {
  document.addEventListener('paste', (e) => {
    const files = Array.from(e.clipboardData?.files ?? []);
    if (files.length) {
      e.preventDefault();
      void inspect(activeSlot(), files, onReject);
    }
  });
}

export function dataUrl(mediaType: string, base64: string): string {
  return `data:${mediaType};base64,${base64}`;
}
