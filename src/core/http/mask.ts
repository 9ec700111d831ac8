// The mask lives with the errors (the lowest layer) so that every SDK error message passes through it too.
export { maskPersonalData } from '../../errors/mask.js';
