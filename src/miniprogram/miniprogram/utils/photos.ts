/** Photos from the phone: chosen with wx.chooseMedia (compressed), sent as raw bytes to POST /photos. */
import { upload } from '../api/client';
import type { components } from '../api/schema';
import { privacyAgreed } from './privacy';

type Photo = components['schemas']['Photo'];

export async function choosePhotos(count: number): Promise<string[]> {
  if (!(await privacyAgreed())) {
    return [];
  }
  return new Promise((resolve) => wx.chooseMedia({
    count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'],
    success: (r) => resolve(r.tempFiles.map((f) => f.tempFilePath)),
    fail: () => resolve([]),
  }));
}

function read(path: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => wx.getFileSystemManager().readFile({
    filePath: path, success: (r) => resolve(r.data as ArrayBuffer), fail: (e) => reject(new Error(e.errMsg)),
  }));
}

/** Sends each photo and answers the URLs to put into a request or a record. */
export async function sendPhotos(paths: string[]): Promise<string[]> {
  const urls: string[] = [];
  for (const path of paths) {
    const photo = (await upload('/photos', await read(path), 'application/octet-stream')) as Photo;
    urls.push(photo.url);
  }
  return urls;
}
