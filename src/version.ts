import pkg from '../package.json' with { type: 'json' };

/** The generator version written into every manifest and footer. */
export const GENERATOR_VERSION: string = pkg.version;
