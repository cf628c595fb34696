import { defineConfig } from 'galley';

export default defineConfig({
  site: {
    title: 'The Galley Proof',
    description: 'Notes from one repository that runs a machine, a home cluster and this publication.',
    baseUrl: 'http://127.0.0.1:8080/',
    author: 'The editor',
  },
});
