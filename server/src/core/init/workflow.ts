// The GitHub Actions workflow a LeadSpec repository runs on every pull request. This is the one
// place it is written (`leadspec init` writes it; docs/ci.md shows it): validate with annotations
// on the changed lines, run the `kind: test` cases, and put the diff against the base branch on
// the run's summary page.
import { scalar } from './yaml-text.js';

/** Where the workflow lives, relative to the repository root. */
export const GITHUB_WORKFLOW_PATH = '.github/workflows/leadspec.yml';

export interface WorkflowOptions {
  /** The project folder relative to the repository root (`.` for the root), `/`-separated. */
  projectDir: string;
  /** The folder holding package.json (where `npm ci` runs), relative to the repository root. */
  packageDir: string;
}

export function githubWorkflow(o: WorkflowOptions = { projectDir: '.', packageDir: '.' }): string {
  const at = (dir: string) => (dir === '.' || dir === '' ? '' : `\n        working-directory: ${scalar(dir)}`);
  const project = at(o.projectDir);
  return `# LeadSpec on every pull request: annotations on the changed lines, the tests, and what the
# change does to the sample leads on the run's summary page. See docs/ci.md of LeadSpec.
name: leadspec
on: pull_request
permissions:
  contents: read
jobs:
  leadspec:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0                  # the diff reads the definitions at the base branch
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install leadspec (a devDependency of this repository)
        run: npm ci${at(o.packageDir)}
      - name: Validate
        run: npx leadspec validate --format github${project}
      - name: Tests
        run: npx leadspec test${project}
      - name: Diff against the base branch
        if: always()
        env:
          BASE: origin/\${{ github.base_ref }}   # through the environment, never into the script
        run: npx leadspec diff --base "$BASE" --format md >> "$GITHUB_STEP_SUMMARY"${project}
`;
}
