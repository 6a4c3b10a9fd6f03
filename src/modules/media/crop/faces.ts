/**
 * Face detection with @vladmandic/face-api's Tiny Face Detector on TensorFlow.js's WebAssembly
 * backend. The model weights and the .wasm binaries ship inside the npm packages, so nothing is
 * downloaded at run time. On this machine the pure-JS CPU backend took 6.7 s per photo with the SSD
 * model; the WASM backend with the tiny model at a 608 px input found all 43 labelled faces of the
 * face-boxes-dlib photos (docs/benchmarks.md has the timings).
 *
 * TensorFlow.js keeps one engine per process, so one detector is made per app (runtime.ts) and its
 * calls are serialised.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { Box } from '../render/types.js';

const require = createRequire(import.meta.url);

interface Detection {
  box: { x: number; y: number; width: number; height: number };
  score: number;
}

interface FaceApi {
  tf: {
    setBackend(name: string): Promise<boolean>;
    ready(): Promise<void>;
    getBackend(): string;
    tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
    setWasmPaths?(prefix: string): void;
    wasm?: { setWasmPaths(prefix: string): void };
  };
  nets: {
    tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> };
    ssdMobilenetv1: { loadFromDisk(dir: string): Promise<void> };
  };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => unknown;
  SsdMobilenetv1Options: new (o: { minConfidence: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<Detection[]>;
}

export interface DetectedFace extends Box {
  score: number;
}

export interface FaceDetectorOptions {
  /** `wasm` (default) or `cpu` (tfjs's pure-JS backend; the benchmark's comparison). */
  backend?: 'wasm' | 'cpu';
  /** `tiny` (default) or `ssd` (SSD MobileNet v1: slower). */
  model?: 'tiny' | 'ssd';
  /** Tiny detector input size (multiple of 32). */
  inputSize?: number;
  scoreThreshold?: number;
}

export interface FaceDetector {
  readonly backend: string;
  readonly model: 'tiny' | 'ssd';
  /** Faces in an encoded image, in its upright (EXIF-applied) pixels. */
  detect(image: Buffer): Promise<DetectedFace[]>;
  /** Faces in raw RGB pixels. */
  detectRaw(rgb: Buffer, width: number, height: number): Promise<DetectedFace[]>;
}

/** Longest side photos are shrunk to before detection: enough for faces ≥ ~2 % of the width. */
const DETECT_SIDE = 1024;

export async function createFaceDetector(options: FaceDetectorOptions = {}): Promise<FaceDetector> {
  const backend = options.backend ?? 'wasm';
  const model = options.model ?? 'tiny';
  const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
  const tf = faceapi.tf;
  if (backend === 'wasm') {
    const wasmDir = path.dirname(
      require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
    );
    (tf.setWasmPaths ?? tf.wasm?.setWasmPaths)?.(`${wasmDir}${path.sep}`);
  }
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`TensorFlow.js backend ${backend} could not start`);
  }
  await tf.ready();
  const modelDir = path.dirname(
    require.resolve('@vladmandic/face-api/model/tiny_face_detector_model-weights_manifest.json'),
  );
  if (model === 'tiny') await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  else await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  const detectorOptions =
    model === 'tiny'
      ? new faceapi.TinyFaceDetectorOptions({
          inputSize: options.inputSize ?? 608,
          scoreThreshold: options.scoreThreshold ?? 0.3,
        })
      : new faceapi.SsdMobilenetv1Options({ minConfidence: options.scoreThreshold ?? 0.4 });
  // The engine is shared: one detection at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const detectRaw = (rgb: Buffer, width: number, height: number): Promise<DetectedFace[]> => {
    const run = async () => {
      const tensor = tf.tensor3d(
        new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.length),
        [height, width, 3],
        'int32',
      );
      try {
        const found = await faceapi.detectAllFaces(tensor, detectorOptions);
        return found.map((d) => ({
          x: d.box.x,
          y: d.box.y,
          width: d.box.width,
          height: d.box.height,
          score: Math.round(d.score * 1000) / 1000,
        }));
      } finally {
        tensor.dispose();
      }
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    backend,
    model,
    detectRaw,
    async detect(image: Buffer) {
      const meta = await sharp(image).metadata();
      const upright =
        (meta.orientation ?? 1) >= 5
          ? { w: meta.height ?? 0, h: meta.width ?? 0 }
          : { w: meta.width ?? 0, h: meta.height ?? 0 };
      const scale = Math.min(1, DETECT_SIDE / Math.max(upright.w, upright.h));
      const { data, info } = await sharp(image)
        .rotate()
        .resize(Math.max(1, Math.round(upright.w * scale)), Math.max(1, Math.round(upright.h * scale)), {
          fit: 'fill',
        })
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      const faces = await detectRaw(data, info.width, info.height);
      const back = upright.w / info.width;
      return faces.map((f) => ({
        x: f.x * back,
        y: f.y * back,
        width: f.width * back,
        height: f.height * back,
        score: f.score,
      }));
    },
  };
}
