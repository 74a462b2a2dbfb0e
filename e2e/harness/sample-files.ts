// The sample files the server's tests upload, for the journeys' uploads too (one copy of their bytes).
export { SAMPLE_PDF, SAMPLE_PNG, samplePdf } from '../../apps/server/src/testing/sample-files'
