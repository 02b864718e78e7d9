"""Runs the template's saved Athena queries on a local run's CSVs, with SQLite standing in for Athena.

Usage: python3 docs/sample-queries.py OUT_DIR template.yaml   (OUT_DIR as given to `fang-local run --out`)

Builds the table as the template's Glue table declares it (its columns, all text, plus `dt` taken from
each file's key, as partition projection does), loads every CSV under OUT_DIR/sentiment/dt=*/ with
Python's csv module (RFC 4180, the dialect CsvRow writes), checks each file's header is the table's
columns, and runs each NamedQuery's QueryString with the table name filled in. The one change to the
SQL: SQLite has no date_add/date_format, so the calendar day before is date(today.dt, '-1 day').
docs/deploy.md shows the output.
"""
import csv, glob, os, re, sqlite3, sys, yaml

out, template = sys.argv[1], sys.argv[2]
class Loader(yaml.SafeLoader):
    pass
Loader.add_multi_constructor('!', lambda loader, tag, node: {tag: loader.construct_scalar(node)}
                             if isinstance(node, yaml.ScalarNode) else None)
resources = yaml.load(open(template), Loader=Loader)['Resources']
table = resources['SentimentTable']['Properties']['TableInput']
columns = [c['Name'] for c in table['StorageDescriptor']['Columns']]

db = sqlite3.connect(':memory:')
db.execute('CREATE TABLE company_sentiment (%s, dt TEXT)' % ', '.join(c + ' TEXT' for c in columns))
for path in sorted(glob.glob(os.path.join(out, 'sentiment', 'dt=*', '*.csv'))):
    dt = re.search(r'dt=(\d{4}-\d{2}-\d{2})', path).group(1)
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    assert rows[0] == columns, (path, rows[0])          # the header is the table's columns
    for row in rows[1:]:
        db.execute('INSERT INTO company_sentiment VALUES (%s)' % ','.join('?' * (len(columns) + 1)), row + [dt])

for name in ['LatestLabelQuery', 'LabelChangesQuery', 'LabelCountsQuery']:
    p = resources[name]['Properties']
    sql = p['QueryString']['Sub'].replace('${SentimentTable}', 'company_sentiment')
    # The one Athena (Trino) function SQLite lacks: the calendar day before.
    sql = sql.replace("date_format(date_add('day', -1, date(today.dt)), '%Y-%m-%d')", "date(today.dt, '-1 day')")
    cursor = db.execute(sql)
    header = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    print('%s (%s): %d row(s)' % (p['Name'], name, len(rows)))
    print('| ' + ' | '.join(header) + ' |')
    print('|' + '---|' * len(header))
    for r in rows:
        print('| ' + ' | '.join(str(v) for v in r) + ' |')
    print()
