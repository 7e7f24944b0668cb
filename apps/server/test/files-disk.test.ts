import { describe } from 'vitest'
import { describeFileApi } from './file-api-suite.ts'
import { diskBackend } from './file-storage-backends.ts'

describe('files on local disk (issue 11)', () => describeFileApi(diskBackend))
