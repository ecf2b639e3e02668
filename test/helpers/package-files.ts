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

/** The GitHub repository `package.json` names: the one source of the README's `<owner>/<repository>`, `bugs` and `homepage`. */
export interface GithubRepository {
  /** `https://github.com/<owner>/<repository>` */
  home: string
  owner: string
  repository: string
}

/** The GitHub repository of a `repository.url` like `git+https://github.com/<owner>/<repository>.git`, or undefined. */
export function githubRepository(repositoryUrl: string | undefined): GithubRepository | undefined {
  const match = /^git\+https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\.git$/.exec(repositoryUrl ?? '')
  if (!match) return undefined
  const [, owner, repository] = match
  return {home: `https://github.com/${owner}/${repository}`, owner, repository}
}
