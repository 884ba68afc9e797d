// The GitHub Actions workflow a LeadSpec repository runs on every pull request. This is the one
// place it is written (`leadspec init` writes it; docs/ci.md shows it; test/cli/ci-recipe.test.ts
// runs its commands against a temporary git repository and its comment script against a fake
// GitHub API): validate with annotations on the changed lines, run the `kind: test` cases, put the
// diff against the base branch on the run's summary page and in ONE pull-request comment (found
// again by COMMENT_MARKER and updated on every push), and keep the HTML report as an artifact.
import { scalar } from './yaml-text.js';

/** Where the workflow lives, relative to the repository root. */
export const GITHUB_WORKFLOW_PATH = '.github/workflows/leadspec.yml';

/** First line of the diff comment; the Markdown renderer escapes `<!--` in user text, so only this comment starts with it. */
export const COMMENT_MARKER = '<!-- leadspec-diff -->';

/**
 * The comment step's script (actions/github-script): post the diff once, then update that
 * comment. The diff file's path comes through the environment (DIFF_FILE), not the script text.
 */
export const COMMENT_SCRIPT = `const fs = require('fs');
const marker = '${COMMENT_MARKER}';
const run = \`\${context.serverUrl}/\${context.repo.owner}/\${context.repo.repo}/actions/runs/\${context.runId}\`;
const body = marker + '\\n' + fs.readFileSync(process.env.DIFF_FILE, 'utf8')
  + '\\n---\\n[Full HTML report](' + run + '): the leadspec-report artifact of this run.\\n';
const { owner, repo } = context.repo;
const issue_number = context.issue.number;
const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
const mine = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(marker));
if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
else await github.rest.issues.createComment({ owner, repo, issue_number, body });`;

export interface WorkflowOptions {
  /** The project folder relative to the repository root (`.` for the root), `/`-separated. */
  projectDir: string;
  /** The folder holding package.json (where `npm ci` runs), relative to the repository root. */
  packageDir: string;
}

export function githubWorkflow(o: WorkflowOptions = { projectDir: '.', packageDir: '.' }): string {
  const at = (dir: string) => (dir === '.' || dir === '' ? '' : `\n        working-directory: ${scalar(dir)}`);
  const project = at(o.projectDir);
  // Paths of files the LeadSpec steps write, as the `uses:` steps (which run at the root) see them.
  const file = (name: string) => scalar(o.projectDir === '.' || o.projectDir === '' ? name : `${o.projectDir.replace(/\/$/, '')}/${name}`);
  const script = COMMENT_SCRIPT.split('\n').map((l) => `            ${l}`).join('\n');
  return `# LeadSpec on every pull request: annotations on the changed lines, the tests, and what the
# change does to the sample leads on the run's summary page. See docs/ci.md of LeadSpec.
name: leadspec
on: pull_request
permissions:
  contents: read
  pull-requests: write                # to post and update the diff comment
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
        run: npx leadspec diff --base "$BASE" --format md --out leadspec-diff.md && cat leadspec-diff.md >> "$GITHUB_STEP_SUMMARY"${project}
      - name: HTML report
        if: always()
        env:
          BASE: origin/\${{ github.base_ref }}
        run: npx leadspec report --base "$BASE" --out leadspec-report.html${project}
      - name: Upload the HTML report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: leadspec-report
          path: ${file('leadspec-report.html')}
          if-no-files-found: ignore
      - name: Post or update the diff comment
        if: always() && hashFiles('${(o.projectDir === '.' || o.projectDir === '' ? 'leadspec-diff.md' : `${o.projectDir.replace(/\/$/, '')}/leadspec-diff.md`).replace(/'/g, "''")}') != ''
        continue-on-error: true             # a fork's pull request gets a read-only token
        uses: actions/github-script@v7
        env:
          DIFF_FILE: ${file('leadspec-diff.md')}
        with:
          script: |
${script}
`;
}
