'use client'

import type { ServerToClientEvents } from '@placet/protocol'
import { useQueryClient } from '@tanstack/react-query'
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import {
  closeDashboardSocket,
  connectDashboardSocket,
  type DashboardSocket,
} from './dashboard-socket'
import { watchSocketLiveness } from './socket-liveness'

type DashboardSocketState = { socket: DashboardSocket | null; isLive: boolean }

const DashboardSocketContext = createContext<DashboardSocketState>({ socket: null, isLive: false })

/**
 * The one socket of the signed-in dashboard, shared by every screen (issue 9). It lives in the
 * dashboard layout, so moving between pages keeps it. After a reconnection every cached query
 * is loaded again: whatever reached the user room while offline is then on screen; channels
 * catch up on their own through `subscribe:channel` with `since`. While the tab is visible, a
 * ping/pong check reconnects a connection that only looks open (spec 5.4 step 5).
 */
export function DashboardSocketProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const [state, setState] = useState<DashboardSocketState>({ socket: null, isLive: false })

  useEffect(() => {
    const socket = connectDashboardSocket()
    let hasConnected = false
    socket.on('connect', () => {
      setState({ socket, isLive: true })
      if (hasConnected) void queryClient.invalidateQueries()
      hasConnected = true
    })
    socket.on('disconnect', () => setState({ socket, isLive: false }))
    setState({ socket, isLive: false })
    const stopLiveness = watchSocketLiveness(socket, { window, document })
    return () => {
      stopLiveness()
      closeDashboardSocket(socket)
    }
  }, [queryClient])

  return <DashboardSocketContext value={state}>{children}</DashboardSocketContext>
}

/** The shared socket (null before the layout connected it) and whether it is connected. */
export function useDashboardSocket(): DashboardSocketState {
  return useContext(DashboardSocketContext)
}

/**
 * Listens to one server event on the shared socket for as long as the component is mounted.
 * The latest `listener` is always called, so it may close over fresh state.
 *
 * @example
 * useSocketEvent('agent:status', (payload) => console.log(payload.status))
 */
export function useSocketEvent<Event extends keyof ServerToClientEvents>(
  event: Event,
  listener: ServerToClientEvents[Event],
): void {
  const { socket } = useDashboardSocket()
  const listenerRef = useRef(listener)
  useEffect(() => {
    listenerRef.current = listener
  })
  useEffect(() => {
    if (!socket) return
    const forward = ((...args: unknown[]) =>
      (listenerRef.current as (...args: unknown[]) => void)(...args)) as never
    socket.on(event, forward)
    return () => {
      socket.off(event, forward)
    }
  }, [socket, event])
}
