import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { fixtureProject } from './fixture-project.ts';

// The image tests' project (issue 25): a bundle entry with a drawing beside it (shown from
// Markdown with a title and from raw HTML) and, first on the page, a photo in public/ whose
// source carries EXIF and a GPS position.
// A GPS position a photo would carry: it must be in the source and nowhere in the output.
const GPS_LATITUDE = '52/1 31/1 1234/100';

export const ENTRY = `---
title: Pictures of the network
date: 2026-02-03
tags: [fixture]
summary: An entry with its pictures beside it.
verification:
  - claim: The pictures are processed.
    method: The test reads the output.
---
The lede.

![The rack, photographed](/images/rack.jpg)

## What it is about

![The network, drawn](net.png "The network as deployed")

Inline: a <img src="net.png" alt="the same drawing, in raw HTML"> in a sentence.

## The skeptic's view

A doubt.

## One concrete action

Do one thing.
`;

/** A PNG drawn by sharp: a circle on a plain ground. */
export async function drawing(width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#e8eef4"/><circle cx="${width / 2}" cy="${height / 2}" r="${height / 3}" fill="#c05020"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function imageProject(): Promise<string> {
  const root = await fixtureProject();
  await mkdir(path.join(root, 'content/entries/network'), { recursive: true });
  await writeFile(path.join(root, 'content/entries/network/index.md'), ENTRY);
  await writeFile(path.join(root, 'content/entries/network/net.png'), await drawing(700, 400));
  const photo = await sharp(await drawing(400, 300))
    .jpeg()
    .withExif({ IFD0: { Make: 'GalleyCam', Copyright: 'secret-owner' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: GPS_LATITUDE } })
    .toBuffer();
  assert.ok((await sharp(photo).metadata()).exif?.includes('GalleyCam'), 'the source photo carries EXIF');
  await writeFile(path.join(root, 'public/images/rack.jpg'), photo);
  return root;
}

