// Compiles the precompiled header that the torch-using tests reuse.
