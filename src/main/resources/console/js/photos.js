// Photos and files the API serves only with the bearer token (request photos, volunteer evidence, meeting
// attachments): fetched through the API layer and shown from this page's memory. Each container keeps its
// object URLs and frees them when it is filled again.
import { API, call } from './api.js';

const kept = new WeakMap();

/** The API path of a photo link the server handed out (absolute, on this host or behind a proxy). */
export function apiPath(url) {
  return url.replace(/^https?:\/\/[^/]+/, '').replace(new RegExp('^' + API), '');
}

/** Fills `container` with the images (and links to other files) at `paths`, each with its caption. */
export async function showFiles(container, files) {
  (kept.get(container) || []).forEach((u) => URL.revokeObjectURL(u));
  const urls = [];
  kept.set(container, urls);
  container.innerHTML = '';
  for (const file of files) {
    const res = await call('GET', file.path, undefined, { raw: true }).catch(() => null);
    if (!res) continue;
    const blob = await res.blob();
    const src = URL.createObjectURL(blob);
    urls.push(src);
    if (blob.type.startsWith('image/')) {
      const img = document.createElement('img');
      img.src = src;
      img.alt = file.name || '照片';
      img.height = 120;
      img.title = file.name || '';
      container.appendChild(img);
    } else {
      const link = document.createElement('a');
      link.href = src;
      link.textContent = file.name || '附件';
      link.target = '_blank';
      container.appendChild(link);
    }
  }
  if (!container.childElementCount) container.textContent = '无';
}
