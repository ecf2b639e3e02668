// What the packed plugin holds: only what runs, and the files a package must have.

/** Files `npm pack` must put in the tarball (paths inside the package). */
export const REQUIRED_PACKAGE_FILES = [
  'LICENSE',
  'README.md',
  'bin/run.js',
  'dist/commands/data/privatelink/index.js',
  'oclif.manifest.json',
  'package.json',
]

/** Whether a file belongs in the tarball: the compiled plugin, its manifest, its launcher, and the package's papers. */
export function isPackageFile(file: string): boolean {
  return /^(?:LICENSE|README\.md|package\.json|oclif\.manifest\.json|bin\/run\.js|dist\/.+\.js)$/.test(file)
}
