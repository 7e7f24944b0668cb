import { describe } from 'vitest'
import { describeFileApi } from './file-api-suite.ts'
import { s3Backend } from './file-storage-backends.ts'

describe('files in S3, on a real S3-compatible server (issue 11)', () => describeFileApi(s3Backend))
