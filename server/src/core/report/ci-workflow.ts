// The GitHub Actions workflow of the CI recipe (docs/ci.md), kept in one place: `leadspec init`
// writes it to CI_WORKFLOW_PATH, docs/ci.md shows it, and test/cli/ci-recipe.test.ts runs its
// `leadspec` commands against a temporary git repository and its comment script against a fake
// GitHub API. On a pull request it validates with annotations, runs `leadspec test`, posts or
// updates ONE diff comment (found again by COMMENT_MARKER) and uploads the HTML report.

/** Where `leadspec init` writes the workflow. */
export const CI_WORKFLOW_PATH = '.github/workflows/leadspec.yml';

/** First line of the diff comment; the renderers escape `<!--` in user text, so only this comment starts with it. */
export const COMMENT_MARKER = '<!-- leadspec-diff -->';

/** The `actions/github-script` step's script: create the comment once, then update it on every push. */
export const COMMENT_SCRIPT = `const fs = require('fs');
const marker = '${COMMENT_MARKER}';
const run = \`\${context.serverUrl}/\${context.repo.owner}/\${context.repo.repo}/actions/runs/\${context.runId}\`;
const report = \`\\n\\n---\\n[Full HTML report](\${run}) (artifact \\\`leadspec-report\\\` of this run).\\n\`;
const body = marker + '\\n' + fs.readFileSync('leadspec-diff.md', 'utf8') + report;
const { owner, repo } = context.repo;
const issue_number = context.issue.number;
const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
const mine = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(marker));
if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
else await github.rest.issues.createComment({ owner, repo, issue_number, body });`;

const indent = (text: string, n: number) => text.split('\n').map((l) => ' '.repeat(n) + l).join('\n');

/**
 * The workflow. `workdir` is the folder holding leadspec.yaml, relative to the repository root
 * ('.' when it is the root). The diff compares the pull request with the merge base of its target.
 */
export function githubWorkflow(workdir = '.'): string {
  const wd = workdir === '.' || workdir === '' ? '' : `\n    defaults:\n      run:\n        working-directory: ${JSON.stringify(workdir)}`;
  const at = (file: string) => (workdir === '.' || workdir === '' ? file : `${workdir.replace(/\/$/, '')}/${file}`);
  return `# LeadSpec on pull requests: validate, test, comment the diff, keep the HTML report.
# Written by \`leadspec init\`; explained in docs/ci.md.
name: LeadSpec
on:
  pull_request:
permissions:
  contents: read
  pull-requests: write        # to post and update the diff comment
jobs:
  leadspec:
    runs-on: ubuntu-latest${wd}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0      # the diff reads the base branch's definitions from git
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install the LeadSpec CLI
        run: npm install --global leadspec
      - name: Validate (errors become annotations on the changed lines)
        run: leadspec validate --format github
      - name: Run the kind test cases
        run: leadspec test --format junit --out leadspec-tests.xml
      - name: Diff against the target branch
        if: \${{ !cancelled() }}
        run: leadspec diff --base "origin/\${{ github.base_ref }}" --format md --out leadspec-diff.md
      - name: HTML report
        if: \${{ !cancelled() }}
        run: leadspec report --base "origin/\${{ github.base_ref }}" --out leadspec-report.html
      - name: Upload the HTML report
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: leadspec-report
          path: |
            ${at('leadspec-report.html')}
            ${at('leadspec-tests.xml')}
      - name: Post or update the diff comment
        if: \${{ !cancelled() && hashFiles('${at('leadspec-diff.md')}') != '' }}
        uses: actions/github-script@v7
        with:
          script: |
${indent(COMMENT_SCRIPT.replace("'leadspec-diff.md'", `'${at('leadspec-diff.md')}'`), 12)}
`;
}
