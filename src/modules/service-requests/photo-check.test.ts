import { describe, expect, it } from 'vitest';
import { SAMPLE_PHOTOS } from '../../../test/support/photos.js';
import { declaredPhotoType, photoProblem, sniffPhotoType } from './photo-check.js';

describe('photo checks', () => {
  it('recognises each accepted type by its first bytes', () => {
    expect(sniffPhotoType(SAMPLE_PHOTOS.jpeg)).toBe('image/jpeg');
    expect(sniffPhotoType(SAMPLE_PHOTOS.png)).toBe('image/png');
    expect(sniffPhotoType(SAMPLE_PHOTOS.webp)).toBe('image/webp');
    expect(sniffPhotoType(SAMPLE_PHOTOS.heic)).toBe('image/heic');
    expect(sniffPhotoType(Buffer.from('%PDF-1.7 something'))).toBeNull();
    expect(sniffPhotoType(Buffer.from([0xff]))).toBeNull();
  });

  it('maps the aliases browsers send', () => {
    expect(declaredPhotoType('image/jpg')).toBe('image/jpeg');
    expect(declaredPhotoType('IMAGE/HEIF')).toBe('image/heic');
    expect(declaredPhotoType('image/gif')).toBeNull();
    expect(declaredPhotoType('application/pdf')).toBeNull();
  });

  it('refuses a wrong declared type, and a declared type the bytes contradict', () => {
    expect(photoProblem('a.jpg', 'image/jpeg', SAMPLE_PHOTOS.jpeg)).toBeNull();
    expect(photoProblem('a.gif', 'image/gif', Buffer.from('GIF89a'))?.code).toBe('PHOTO_TYPE');
    expect(photoProblem('fake.jpg', 'image/jpeg', Buffer.from('<script>alert(1)</script>'))?.code).toBe(
      'PHOTO_CONTENT',
    );
    expect(photoProblem('png-as-jpeg.jpg', 'image/jpeg', SAMPLE_PHOTOS.png)?.code).toBe('PHOTO_CONTENT');
    expect(photoProblem('empty.png', 'image/png', Buffer.alloc(0))?.code).toBe('PHOTO_EMPTY');
  });
});
