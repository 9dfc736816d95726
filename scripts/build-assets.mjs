#!/usr/bin/env node
// Build the front-end assets for the complaints Flask app.
//
//   npm ci && npm run build
//
// Writes everything to complaints/static/ (git-ignored build output), which
// Flask serves at /assets/:
//
//   application.css            compiled from assets/scss/application.scss
//   application.mjs            copied from assets/js/application.mjs
//   govuk-frontend.min.js(.map) GOV.UK Frontend ES module bundle
//   moj-frontend.min.js(.map)  MOJ Frontend ES module bundle (self-contained)
//   manifest.json              GOV.UK Frontend web app manifest
//   images/                    GOV.UK Frontend images (favicon etc.) and the
//                              MOJ Frontend images that application.css uses
//
// GOV.UK Frontend's fonts are deliberately NOT copied: this service does not
// use GDS Transport.
//
// Every url() in the compiled CSS must resolve to a file under
// complaints/static/ (or be a data: URI); otherwise the build fails.
// Set ASSETS_VERBOSE=1 to see Sass warnings coming from dependencies.

import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const nodeModules = path.join(root, 'node_modules')
const outDir = path.join(root, 'complaints', 'static')
const assetsUrlPrefix = '/assets/'

const govukDist = path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk')
const mojDist = path.join(nodeModules, '@ministryofjustice', 'frontend', 'moj')

const scssEntry = path.join(root, 'assets', 'scss', 'application.scss')
const jsEntry = path.join(root, 'assets', 'js', 'application.mjs')

const verbose = Boolean(process.env.ASSETS_VERBOSE)
const written = new Set()

function rel (file) {
  return path.relative(root, file)
}

async function copy (from, to) {
  if (!existsSync(from)) {
    throw new Error(`missing source file ${rel(from)} (did you run "npm ci"?)`)
  }
  await mkdir(path.dirname(to), { recursive: true })
  await copyFile(from, to)
  written.add(to)
}

// Sass logger: warnings from our own stylesheets are printed; warnings and
// deprecations raised inside node_modules (e.g. MOJ Frontend calling
// GOV.UK Frontend mixins that GOV.UK has deprecated) are counted and hidden,
// because we cannot fix them. `quietDeps` already hides most deprecations
// from dependencies, but not `@warn` output of dependency mixins.
let hiddenDependencyWarnings = 0
const ownWarnings = []

function isFromDependency (options) {
  const urls = []
  if (options.span?.url) urls.push(String(options.span.url))
  // The stack trace names the files involved; the first frame is where the
  // warning was raised.
  const firstFrame = (options.stack || '').split('\n').find((l) => l.trim())
  if (firstFrame) urls.push(firstFrame)
  return urls.length > 0 && urls.every((u) => u.includes('node_modules'))
}

const logger = {
  warn (message, options) {
    if (isFromDependency(options)) {
      hiddenDependencyWarnings++
      if (verbose) {
        console.warn(`[dependency] ${message}\n${options.stack || ''}`)
      }
      return
    }
    ownWarnings.push(message)
    console.warn(`Sass warning: ${message}\n${options.stack || ''}`)
  },
  debug (message, options) {
    if (verbose) console.warn(`Sass debug: ${message}`)
  }
}

async function compileCss () {
  const result = sass.compile(scssEntry, {
    // `node_modules` lets us write `@use "govuk-frontend/dist/govuk"`;
    // the project root is needed because MOJ Frontend itself loads
    // "node_modules/govuk-frontend/dist/govuk/base".
    loadPaths: [nodeModules, root],
    style: 'compressed',
    sourceMap: false,
    quietDeps: true,
    // Deprecations we can't fix are in dependencies: quietDeps hides those.
    // Our own code must stay free of deprecations, so don't silence any here.
    logger
  })

  const file = path.join(outDir, 'application.css')
  await writeFile(file, result.css + '\n')
  written.add(file)
  return result.css
}

// Collect url(...) targets in the compiled CSS.
function cssUrls (css) {
  const urls = new Set()
  const re = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/g
  let m
  while ((m = re.exec(css)) !== null) {
    urls.add(m[1] ?? m[2] ?? m[3])
  }
  return [...urls]
}

async function copyImages (css) {
  // All of GOV.UK Frontend's images: favicons, app icons, crest and the
  // OpenGraph image referenced by the page template and manifest.json.
  const govukImages = path.join(govukDist, 'assets', 'images')
  for (const name of await readdir(govukImages)) {
    await copy(path.join(govukImages, name), path.join(outDir, 'images', name))
  }
  await copy(
    path.join(govukDist, 'assets', 'manifest.json'),
    path.join(outDir, 'manifest.json')
  )

  // MOJ Frontend's images: only those the compiled CSS references (icons for
  // timeline, filter, progress bar, ...). Its MOJ/crown logos are not ours.
  const mojImages = path.join(mojDist, 'assets', 'images')
  for (const url of cssUrls(css)) {
    if (!url.startsWith(`${assetsUrlPrefix}images/`)) continue
    const name = url.slice(`${assetsUrlPrefix}images/`.length).split(/[?#]/)[0]
    const target = path.join(outDir, 'images', name)
    if (written.has(target)) continue // a GOV.UK image, or already copied
    const source = path.join(mojImages, name)
    if (existsSync(source)) await copy(source, target)
  }
}

async function copyJs () {
  for (const [dir, name] of [
    [govukDist, 'govuk-frontend.min.js'],
    [govukDist, 'govuk-frontend.min.js.map'],
    [mojDist, 'moj-frontend.min.js'],
    [mojDist, 'moj-frontend.min.js.map']
  ]) {
    await copy(path.join(dir, name), path.join(outDir, name))
  }
  await copy(jsEntry, path.join(outDir, 'application.mjs'))
}

// Fail if any url() in the CSS would 404 when complaints/static/ is served
// at /assets/, or if any font slipped in.
function checkCss (css) {
  const problems = []
  for (const url of cssUrls(css)) {
    if (url === '' || url.startsWith('data:') || url.startsWith('#')) continue
    if (!url.startsWith(assetsUrlPrefix)) {
      problems.push(`url(${url}) is not under ${assetsUrlPrefix}`)
      continue
    }
    const file = path.join(outDir, url.slice(assetsUrlPrefix.length).split(/[?#]/)[0])
    if (!existsSync(file)) problems.push(`url(${url}) has no file ${rel(file)}`)
  }
  if (/GDS Transport/i.test(css)) problems.push('CSS mentions "GDS Transport"')
  if (/@font-face/.test(css)) problems.push('CSS contains @font-face')
  if (problems.length) {
    throw new Error(`application.css check failed:\n  ${problems.join('\n  ')}`)
  }
}

async function main () {
  const started = process.hrtime.bigint()

  // Files are overwritten in place; nothing else in complaints/static/ is
  // deleted. For a from-scratch build: rm -rf complaints/static first.
  await mkdir(outDir, { recursive: true })

  const css = await compileCss()
  await copyImages(css)
  await copyJs()
  checkCss(css)

  const cssSize = (await stat(path.join(outDir, 'application.css'))).size
  const ms = Number((process.hrtime.bigint() - started) / 1000000n)
  const own = ownWarnings.length ? `, ${ownWarnings.length} Sass warning(s) in our own styles (see above)` : ''
  const hidden = hiddenDependencyWarnings
    ? `, ${hiddenDependencyWarnings} dependency warning(s) hidden (ASSETS_VERBOSE=1 to show)`
    : ''
  console.log(
    `build-assets: wrote ${written.size} files to ${rel(outDir)}/ ` +
      `(application.css ${(cssSize / 1024).toFixed(1)} KiB) in ${ms} ms${own}${hidden}`
  )
}

main().catch((error) => {
  console.error(`build-assets: FAILED: ${error.message ?? error}`)
  process.exitCode = 1
})
