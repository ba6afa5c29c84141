package demo

import (
	"encoding/json"
	"fmt"
	"os"
)

// listenAddr reads the port from a JSON config file. encoding/json decodes
// every number into a map[string]any as float64, so the assertion to int
// panics on the first real config: "interface conversion: interface {} is
// float64, not int".
func listenAddr(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		return "", err
	}
	host, _ := cfg["host"].(string)
	port := cfg["port"].(int)
	return fmt.Sprintf("%s:%d", host, port), nil
}

var _ = listenAddr
