import oclif from 'eslint-config-oclif'

export default [
  {ignores: ['dist/', 'node_modules/', 'tmp/', 'oclif.manifest.json']},
  ...oclif,
  {
    rules: {
      // Messages for people read best as one sentence in the source too.
      '@stylistic/max-len': ['warn', {code: 200, ignoreStrings: true, ignoreTemplateLiterals: true}],
      // The APIs' wire format is snake_case, and so is our --json output, which follows it.
      camelcase: 'off',
    },
  },
]
