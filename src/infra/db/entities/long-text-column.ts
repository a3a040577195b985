import { Column } from 'typeorm';

/** TEXT column (MySQL TEXT / SQLite TEXT): JSON documents and long messages. */
export const LongTextColumn = (name: string, nullable = true) => Column({ name, type: 'text', nullable });
