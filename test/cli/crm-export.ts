// A HubSpot-style CRM export for the tests of `leadspec init` and of the installed package.

/** A HubSpot-style export: CRM headers, numeric-looking ids, yes/no, a list, an empty column, dirty cells. */
export function hubspotCsv(rows = 60): string {
  const industries = ['Computer Software', 'Financial Services', 'Hospital & Health Care', 'Retail'];
  const lines = ['Record ID,First Name,Email,Company name,Number of Employees,Industry,Country/Region,Job Title,Create Date,Became a Marketing Qualified Lead Date,Last Contacted,Marketing emails opted out,Tech Stack,Annual Revenue,Fax Number'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const mql = i % 3 === 0 ? '' : `2026-11-${day} 1${i % 10}:00`;
    lines.push([
      String(301000 + i * 13), `Person ${i}`, i % 9 === 4 ? `p${i}@gmail.com` : `p${i}@co${i}.example`, `"Company ${i}, Inc."`,
      i === 7 ? '' : String([3, 12, 48, 150, 420, 1300, 6000][i % 7] + i), industries[i % 4], ['United States', 'Germany', 'United Kingdom'][i % 3],
      ['VP Sales', 'Analyst', 'Head of Marketing', 'Engineer', 'CEO'][i % 5], `2026-10-${day} 09:${String(i % 60).padStart(2, '0')}`,
      mql, mql && i % 2 ? `2026-11-${day} 2${i % 4}:30` : '', i % 5 === 0 ? 'Yes' : 'No', i % 2 ? '"Salesforce;Slack"' : 'HubSpot', String(50000 + i * 1000), '',
    ].join(','));
  }
  return lines.join('\n') + '\n';
}
