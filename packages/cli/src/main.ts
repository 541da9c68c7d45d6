#!/usr/bin/env node
// `porthole`: run read-only kubectl commands on remote clusters through a Porthole gateway.
import { runAsProcess } from './entry.js';

runAsProcess({ programName: 'porthole', execShorthand: false });
