//go:build tools

// Package tools pins the binaries this module builds (see go.mod's tool block).
package tools
