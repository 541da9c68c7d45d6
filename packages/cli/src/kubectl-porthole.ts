#!/usr/bin/env node
// `kubectl porthole …`: the CLI as a kubectl plugin; `kubectl porthole CLUSTER get pods` is exec.
import { runAsProcess } from './entry.js';

runAsProcess({ programName: 'kubectl porthole', execShorthand: true });
