// The shell and Terraform as checkers of what the plugin prints: `bash -n` parses a script
// without running it, `terraform fmt -check` parses HCL and says whether it is formatted.
import {spawnSync} from 'node:child_process'
import {
  existsSync, mkdtempSync, rmSync, writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'

/** bash's complaint about the script's syntax; empty when it parses. */
export function bashSyntaxError(script: string): string {
  const result = spawnSync('bash', ['-n'], {encoding: 'utf8', input: script})
  return result.status === 0 ? '' : result.stderr
}

const TERRAFORM = ['/usr/local/bin/terraform', '/usr/bin/terraform']

/** A terraform binary of the machine, if any: CI installs none (it could not download providers either). */
export function findTerraform(): string | undefined {
  return TERRAFORM.find(candidate => existsSync(candidate))
}

/** `terraform fmt -check -diff` of one file holding `hcl`: status 0 and no diff when it is formatted. */
export function terraformFmtCheck(terraform: string, hcl: string): {diff: string; status: null | number} {
  const folder = mkdtempSync(path.join(tmpdir(), 'privatelink-terraform-'))
  try {
    writeFileSync(path.join(folder, 'main.tf'), hcl.endsWith('\n') ? hcl : `${hcl}\n`)
    const result = spawnSync(terraform, ['fmt', '-check', '-diff', '-no-color', folder], {
      encoding: 'utf8', env: {
        ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1',
      },
    })
    return {diff: `${result.stdout}${result.stderr}`, status: result.status}
  } finally {
    rmSync(folder, {force: true, recursive: true})
  }
}
