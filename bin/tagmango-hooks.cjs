#!/usr/bin/env node
'use strict';
require('../dist/bundle/start.cjs').start();
