import type { Config } from '../../../config/load.js';
import { AppError } from '../../../core/errors.js';
import { LocalMediaStore } from './local.js';
import { S3MediaStore } from './s3.js';
import type { MediaStore } from './store.js';

/** The configured store: files under DATA_DIR by default, an S3-compatible bucket by configuration. */
export function createMediaStore(config: Config['media'], fetchImpl?: typeof fetch): MediaStore {
  if (config.storage === 's3') {
    if (!config.s3)
      throw new AppError('media.s3_unconfigured', 500, 'MEDIA_STORAGE=s3 needs the S3_* settings');
    return new S3MediaStore(config.s3, fetchImpl);
  }
  return new LocalMediaStore(config.dir);
}
