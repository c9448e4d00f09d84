/**
 * Technical image-quality figures of one 8-bit slice, each computed from the
 * pixels: exposure and clipping, contrast (used dynamic range), noise
 * (Immerkær's estimator) and sharpness (variance of the Laplacian).
 */
import type { Raster } from "../dicom/pixels.ts";

export interface SliceQuality {
  /** Mean grey level 0–255 at the series' window. */
  mean: number;
  /** Fraction of pixels pure white (255) at the window: detail lost to overexposure. */
  clippedWhite: number;
  /** Fraction of pixels pure black (0). */
  clippedBlack: number;
  /** 1st to 99th percentile spread as a fraction of 0–255: how much of the grey scale is used. */
  dynamicRange: number;
  /** Estimated standard deviation of the noise, in grey levels. */
  noiseSigma: number;
  /** Variance of the 4-neighbour Laplacian: low means soft edges (blur, motion). */
  laplacianVariance: number;
}

function percentile(histogram: Uint32Array, total: number, fraction: number): number {
  const target = fraction * total;
  let seen = 0;
  for (let level = 0; level < histogram.length; level++) {
    seen += histogram[level];
    if (seen >= target) return level;
  }
  return histogram.length - 1;
}

export function sliceQuality(image: Raster): SliceQuality {
  const { width, height, data } = image;
  const total = width * height;
  const histogram = new Uint32Array(256);
  let sum = 0;
  for (let i = 0; i < total; i++) {
    histogram[data[i]]++;
    sum += data[i];
  }
  const spread = percentile(histogram, total, 0.99) - percentile(histogram, total, 0.01);

  let noiseSum = 0;
  let lapSum = 0;
  let lapSquares = 0;
  let inner = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const c = data[i], n = data[i - width], s = data[i + width], w = data[i - 1], e = data[i + 1];
      const corners = data[i - width - 1] + data[i - width + 1] + data[i + width - 1] +
        data[i + width + 1];
      // Immerkær (1996): the mask [1 -2 1; -2 4 -2; 1 -2 1] cancels image structure up to second order.
      noiseSum += Math.abs(corners - 2 * (n + s + w + e) + 4 * c);
      const laplacian = n + s + w + e - 4 * c;
      lapSum += laplacian;
      lapSquares += laplacian * laplacian;
      inner++;
    }
  }
  const lapMean = inner ? lapSum / inner : 0;
  return {
    mean: sum / total,
    clippedWhite: histogram[255] / total,
    clippedBlack: histogram[0] / total,
    dynamicRange: spread / 255,
    noiseSigma: inner ? Math.sqrt(Math.PI / 2) * noiseSum / (6 * inner) : 0,
    laplacianVariance: inner ? lapSquares / inner - lapMean * lapMean : 0,
  };
}

/** Where each figure turns into a finding; stated in the finding's text. */
export const QUALITY_LIMITS = {
  overexposedWhite: 0.05,
  overexposedMean: 200,
  underexposedMean: 30,
  underexposedBlack: 0.6,
  lowDynamicRange: 0.25,
  noisySigma: 8,
  softLaplacianVariance: 20,
  /** Relative deviation of one step's spacing from the series' median step. */
  spacingTolerance: 0.1,
} as const;
