import Dexie from 'dexie';
import { words } from '../domain/words';

export const db = new Dexie('fixture');
export const count = (text: string): number => words(text).length;
