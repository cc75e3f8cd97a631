/** The CSV import's reading and mapping (components/batches/csv-import.ts), against the real template schemas. */
import { describe, expect, it } from 'vitest';
import { autoMap, CsvError, csvFields, MAX_CSV_ROWS, parseCsvBytes, resultsCsv, rowToItem, unmappedRequired } from '@/components/batches/csv-import';
import { customerDataJsonSchema } from '@/remotion/templates/registry';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('parseCsvBytes', () => {
  it('reads quoted cells, embedded newlines and commas, a BOM, CRLF and semicolons', () => {
    const parsed = parseCsvBytes(bytes('\ufeffFirst Name,Company,Note\r\n"Ana","Acme, Inc.","two\nlines"\r\nBen,Globex,\r\n\r\n'));
    expect(parsed.headers).toEqual(['First Name', 'Company', 'Note']);
    expect(parsed.rows).toEqual([
      ['Ana', 'Acme, Inc.', 'two\nlines'],
      ['Ben', 'Globex', ''],
    ]);
    expect(parseCsvBytes(bytes('first_name;company\nAna;Acme\n')).rows).toEqual([['Ana', 'Acme']]);
  });

  it('refuses what is not a usable CSV with a message that says what to do', () => {
    const latin1 = new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a]); // "name\nJosé" in Windows-1252
    expect(() => parseCsvBytes(latin1, 'leads.csv')).toThrow(/leads.csv is not UTF-8.*CSV UTF-8/);
    expect(() => parseCsvBytes(new Uint8Array(5 * 1024 * 1024 + 1))).toThrow(/at most 5 MB/);
    expect(() => parseCsvBytes(bytes(''))).toThrow(CsvError);
    expect(() => parseCsvBytes(bytes('first_name\n'))).toThrow(/no rows/);
    expect(() => parseCsvBytes(bytes('a,,c\n1,2,3\n'))).toThrow(/Column 2/);
    expect(() => parseCsvBytes(bytes('a,A\n1,2\n'))).toThrow(/two columns named/);
    expect(() => parseCsvBytes(bytes('a,b\n"unclosed,2\n'))).toThrow(/could not be read as CSV/);
    const many = `first_name\n${'x\n'.repeat(MAX_CSV_ROWS + 1)}`;
    expect(() => parseCsvBytes(bytes(many))).toThrow(/more than 1000 rows/);
    expect(parseCsvBytes(bytes(`first_name\n${'x\n'.repeat(MAX_CSV_ROWS)}`)).rows).toHaveLength(MAX_CSV_ROWS);
  });
});

describe('mapping columns to a template’s fields', () => {
  const fields = csvFields(customerDataJsonSchema('tmpl_usage_recap') as never);

  it('lists leaf fields with types and required ones, nested objects as dotted paths', () => {
    expect(fields.find((f) => f.path === 'first_name')).toMatchObject({ required: true, type: 'string' });
    expect(fields.find((f) => f.path === 'usage_stats.logins')).toMatchObject({ required: false, type: 'integer' });
    expect(fields.find((f) => f.path === 'usage_stats.features_used')).toMatchObject({ type: 'list' });
    expect(fields.at(-1)!.path).toBe('title');
  });

  it('maps by name, last segment and common synonyms, each column once', () => {
    const mapping = autoMap(['Email', 'First Name', 'Surname', 'Organization', 'Logins', 'Features Used', 'Video Title'], fields);
    expect(mapping).toMatchObject({
      first_name: 'First Name',
      last_name: 'Surname',
      company: 'Organization',
      'usage_stats.logins': 'Logins',
      'usage_stats.features_used': 'Features Used',
      title: 'Video Title',
      period: null,
    });
    expect(unmappedRequired(fields, mapping)).toEqual([]);
    expect(unmappedRequired(fields, autoMap(['Email'], fields)).map((f) => f.path)).toEqual(['first_name']);
    // "Name" is a synonym for first_name only when no column is named after it.
    expect(autoMap(['name', 'first_name'], fields).first_name).toBe('first_name');
  });

  it('turns a row into customer_data with the field types, leaving empty cells out', () => {
    const headers = ['First Name', 'Logins', 'Features Used', 'Company', 'Video Title'];
    const mapping = autoMap(headers, fields);
    expect(rowToItem(headers, ['Ana', '1,204', 'reports; dashboard', '', 'Hi Ana'], fields, mapping)).toEqual({
      customer_data: { first_name: 'Ana', usage_stats: { logins: 1204, features_used: ['reports', 'dashboard'] } },
      title: 'Hi Ana',
    });
    // Not a number: sent as written so the server names the field.
    expect(rowToItem(headers, ['Ben', 'many', '', 'Globex', ''], fields, mapping)).toEqual({
      customer_data: { first_name: 'Ben', usage_stats: { logins: 'many' }, company: 'Globex' },
    });
  });
});

describe('resultsCsv', () => {
  it('writes one line per row with the share link or the errors, formulas escaped', () => {
    const csv = resultsCsv([
      { row: 0, title: '=HYPERLINK("x")', status: 'published', video_id: 'vid_1', share_url: 'http://h/v/vid_1', url: 'http://h/f.mp4', error: null, errors: null },
      { row: 1, title: null, status: 'rejected', video_id: null, share_url: null, url: null, error: null, errors: [{ field: 'customer_data.first_name', message: 'Required' }] },
    ]);
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toBe('row,title,status,video_id,share_url,mp4_url,error');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines[1]).toContain('http://h/v/vid_1');
    expect(lines[2]).toBe('2,,rejected,,,,customer_data.first_name: Required');
  });
});
