/** This package's version, the instrumentation scope version of the meter. A test keeps it equal to package.json's. */
export const VERSION = "0.1.0";
