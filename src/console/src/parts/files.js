import { API } from '../api.js';

/** The API path of a photo link the server handed out (absolute, on this host or behind a proxy). */
export const apiPath = (url) => url.replace(/^https?:\/\/[^/]+/, '').replace(new RegExp('^' + API), '');

/** Saves text as a file the browser downloads (UTF-8 with a BOM, so Excel opens Chinese right). */
export function saveText(name, text, type = 'text/csv;charset=utf-8') {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(['\uFEFF' + text], { type }));
  link.download = name;
  link.click();
}
