export { DataFileError } from './data-file-error.js';
