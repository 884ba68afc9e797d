// The reference reader of the CSV tests: a file's records as core/data/csv.ts's text reader gives
// them from the file's UTF-8 text, a chunk at a time, as `[cells, line, cells, line, …]` (line:
// where the record starts). The product's loaders read CSV from bytes (io/csv-bytes.ts
// readCsvOwned); the tests hold them to this.
import { CsvTextReader, csvSeparator, type CsvCells } from '../../server/src/core/data/csv.js';
import { utf8Chunks, type InvalidUtf8 } from '../../server/src/io/utf8.js';

export async function* csvBatches(path: string, chunkBytes = 1 << 20, onInvalid?: (p: InvalidUtf8) => void): AsyncGenerator<(CsvCells | number)[]> {
  const chunks = utf8Chunks(path, chunkBytes, onInvalid);
  const reader = new CsvTextReader(csvSeparator(path));
  try {
    for (;;) {
      const n = await chunks.next();
      const final = !!n.done;
      const batch: (CsvCells | number)[] = [];
      reader.push(final ? '' : (n.value as string), final, (cells, line) => { batch.push(cells, line); });
      if (batch.length) yield batch;
      if (final) return;
    }
  } finally {
    await chunks.return(undefined); // a consumer that stops early closes the file
  }
}
