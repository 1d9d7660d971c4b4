# npm_ci.cmake — run by the build: `npm ci` in DIR when DIR/node_modules is
# missing or DIR/package-lock.json differs from the lock it was installed
# from (kept as node_modules/.maillage-lock.json); then touches STAMP.
# Usage: cmake -DDIR=... -DNPM=... -DSTAMP=... -P npm_ci.cmake
set(lock "${DIR}/package-lock.json")
set(done "${DIR}/node_modules/.maillage-lock.json")
set(need TRUE)
if(EXISTS "${done}")
  file(READ "${lock}" a)
  file(READ "${done}" b)
  if(a STREQUAL b)
    set(need FALSE)
  endif()
endif()
if(need)
  message(STATUS "npm ci in ${DIR}")
  execute_process(COMMAND "${NPM}" ci --no-audit --no-fund --loglevel=error
                  WORKING_DIRECTORY "${DIR}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${DIR} (the npm registry must be "
                        "reachable once; see scripts/deps.sh)")
  endif()
  file(COPY_FILE "${lock}" "${done}")
endif()
file(TOUCH "${STAMP}")
