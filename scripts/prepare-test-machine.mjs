// What `npm test` needs besides Node: PostgreSQL and Redis listening, Debian's Chromium for the
// browser tests, and Debian's python3-socketio for the non-JavaScript Socket.IO client test.
// Services that are installed but down are started; missing packages are installed when we
// are root with apt-get. Anything else stops the run here, with the command to type, before a
// single package's tests start (issue 8: never a failure deep inside a browser test).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { connect } from 'node:net'

const POSTGRES_URL = new URL(
  process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
)
const REDIS_URL = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379')
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Debian's interpreter: the one python3-socketio installs into (a pyenv shim would not see it). */
export const PYTHON_PATH = process.env.PLACET_TEST_PYTHON ?? '/usr/bin/python3'

class MachineNotReady extends Error {}

function isListening(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) })
    socket.setTimeout(1000)
    socket.once('connect', () => socket.end(() => resolve(true)))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(false))
  })
}

async function waitUntilListening(host, port) {
  for (let attempt = 0; attempt < 60; attempt++) {
    if (await isListening(host, port)) return true
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return false
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

const isLocal = (url) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)

/** The command that starts each service, as the machine's own boot does (env notes). */
function postgresStartCommand() {
  if (!hasCommand('pg_ctlcluster') || !existsSync('/etc/postgresql')) return null
  const [version] = readdirSync('/etc/postgresql')
  return version ? ['pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']] : null
}

function redisStartCommand() {
  if (!hasCommand('redis-server')) return null
  // Like the machine's own start: nothing kept on disk, the tests need no persistence.
  const port = REDIS_URL.port || '6379'
  const flags = ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', port, '--save', '']
  return ['redis-server', [...flags, '--appendonly', 'no']]
}

async function ensureService(name, url, defaultPort, startCommand) {
  const port = url.port || defaultPort
  if (await isListening(url.hostname, port)) return
  const command = isLocal(url) ? startCommand() : null
  if (!command)
    throw new MachineNotReady(
      `${name} is not reachable at ${url.hostname}:${port}. Install and start it, ` +
        `or point the tests elsewhere with TEST_${name === 'PostgreSQL' ? 'POSTGRES' : 'REDIS'}_URL.`,
    )
  console.log(`> ${name} is down: ${command[0]} ${command[1].join(' ')}`)
  const result = spawnSync(command[0], command[1], { stdio: 'inherit' })
  if (result.status !== 0 || !(await waitUntilListening(url.hostname, port)))
    throw new MachineNotReady(
      `${name} did not start with \`${command[0]} ${command[1].join(' ')}\`; start it by hand.`,
    )
}

function canImportPythonSocketIo() {
  if (!existsSync(PYTHON_PATH)) return false
  return (
    spawnSync(PYTHON_PATH, ['-c', 'import socketio, websocket'], { stdio: 'ignore' }).status === 0
  )
}

/** Debian packages the tests need and the machine lacks. */
function missingPackages() {
  const missing = []
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium')
  if (!canImportPythonSocketIo()) missing.push('python3-socketio', 'python3-websocket')
  return missing
}

function installPackages(packages) {
  const command = `apt-get install -y ${packages.join(' ')}`
  const isRoot = process.getuid?.() === 0
  if (!isRoot || !hasCommand('apt-get'))
    throw new MachineNotReady(
      `The tests need Debian packages that are missing: ${packages.join(', ')}. ` +
        `Install them with: sudo apt-get update && sudo ${command}`,
    )
  console.log(`> installing ${packages.join(', ')} (apt-get)`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env })
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  })
  const stillMissing = missingPackages()
  if (stillMissing.length)
    throw new MachineNotReady(`${stillMissing.join(', ')} still missing after \`${command}\`.`)
}

/** Makes the machine ready for `npm test`, or exits with one message saying what to do. */
export async function prepareTestMachine() {
  try {
    await ensureService('PostgreSQL', POSTGRES_URL, '5432', postgresStartCommand)
    await ensureService('Redis', REDIS_URL, '6379', redisStartCommand)
    const missing = missingPackages()
    if (missing.length) installPackages(missing)
  } catch (error) {
    if (!(error instanceof MachineNotReady)) throw error
    console.error(`\nnpm test cannot run on this machine yet.\n${error.message}\n`)
    process.exit(1)
  }
}
